from yamlkit.cli import main

main()
