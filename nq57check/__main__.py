from nq57check.console import run

run()
