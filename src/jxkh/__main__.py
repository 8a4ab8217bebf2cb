from jxkh.cli import main

main()
