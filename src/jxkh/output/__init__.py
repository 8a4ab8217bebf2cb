"""Output workbooks, one module per command, over the shared helpers in `jxkh.writer`."""
