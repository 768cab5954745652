"""The pure core: document model, parser, rules, engine. No network, environment, clock or stdout."""
