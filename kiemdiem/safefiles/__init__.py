"""Files from outside, handled as hostile: spreadsheets checked within limits before any
reader builds a grid, Excel cells written as data and never as formulas, archive entry
names that cannot climb out of their folder. Pure Python, no Django: the rules engine's
CLI uses it as the web application does."""
