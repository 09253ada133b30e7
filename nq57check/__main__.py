from nq57check.cli import main

main()
