from transflow.cli.app import main

main()
