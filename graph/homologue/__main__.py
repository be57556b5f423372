from homologue.cli import main

main()
