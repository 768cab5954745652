"""Common given names (European and English), lower case and ASCII as logins are: `@tobias` is a
first name written as a handle. A name that is also an everyday English word (`will`, `mark`,
`max`, `grace`, `frank`) is left out, so that `@` used for "at" is not taken for a person.
"""

from __future__ import annotations

GIVEN_NAMES = frozenset(
    """
    aaron abdul adam adrian agnes ahmed aileen alain alan albert alberto alec alessandro alex alexa
    alexander alexandra alexandre alexei alfons alfred ali alice alicia alina alison amelie amir amy
    ana anastasia andre andrea andreas andrei andrew andrzej andy angela angelika anika anita anja
    ankit anna anne annette anton antonia antonio arjen armin arne arnold arthur astrid axel barbara
    bart bastian beate beatrice ben benedikt benjamin berit bernd bernhard bettina bianca birgit
    bjoern boris brian bruno carina carl carla carlos carmen carolin caroline carsten catherine
    cecile charles charlotte chris christa christian christiane christina christine christoph
    christopher claire clara claudia claus clemens conrad constantin cornelia cristina damian daniel
    daniela danny dario david davide dennis detlef diana diego dieter dimitri dirk dmitri dominic
    dominik doris edgar eduard elena eli elias elisabeth elke ellen elmar emil emily emma enrico
    eric erik erika ernst esther eva evelyn fabian fabio falk felix ferdinand filip florian
    francesco franz franziska fred frederic frederik friederike friedrich fritz gabriel gabriele
    georg george gerald gerd gerhard gregor guido gunnar gustav hanna hannah hannes hans harald
    harry hartmut heike heiko heinrich heinz helen helena helga helmut hendrik henning henrik
    herbert hermann holger horst hubert hugo ian igor ilona ines ingo ingrid irene iris isabel
    isabella ivan jakob james jan jana janine janis jannik jasmin jason jean jens jeremy jessica
    jochen joe johann johanna johannes john jonas jonathan jorge jose josef joseph josephine joshua
    juan judith julia julian juliane julius jurgen justin kai karin karl karsten katharina kathrin
    katja katrin kerstin kevin kim klaus konrad konstantin kristina kurt lara lars laura lea lena
    leon leonie lisa lorenz lothar louis luca lucas lucia ludwig luis luisa lukas lutz magdalena
    maik malte manfred manuel manuela marc marcel marco marcus maren margit maria marian marie
    marina mario marion marius markus marta martin martina mathias matteo matthias mattia maurice
    maximilian melanie michael michaela michal michel michele miguel mike milan miriam mirko monika
    moritz nadine natalie nathalie nicole niklas nikolai nikolaus nils nina noah norbert olaf oleg
    olga oliver oskar pablo pascal patrick paul paula pavel pedro peter petra philipp philippe pia
    pierre piotr rafael rainer ralf ralph ramona raphael regina reinhard renate rene richard rita
    robert roberto robin roland rolf roman ronald rudolf ruediger sabine sabrina samuel sandra sara
    sarah sascha sebastian sergei sergio silke silvia simon simone sofia sonja sophia sophie stefan
    stefanie steffen stephan stephanie sven svenja swen sylvia tanja theo thilo thomas thorsten
    tilman tim timo tobias tom tomas tomasz torsten ulf ulla ulrich ulrike ursula uwe valentin
    vanessa vera veronika viktor vincent vladimir volker walter werner wilhelm wolfgang yannick
    yvonne zoe
    """.split()  # noqa: SIM905 (428 names read better as words than as quoted items)
)
