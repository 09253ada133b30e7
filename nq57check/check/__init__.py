"""Checking: the one commune pipeline (load -> facts -> evaluate -> judgements), batches,
the judgement files, the self-test and explain. Imports every folder but cli/ and reporters/."""
