"""Facts: a plan and its reports turned into what the engine matches (plan, reports,
detection) and the typed CommuneFacts the kinds read (model). Imports loading/ and grammar/."""
