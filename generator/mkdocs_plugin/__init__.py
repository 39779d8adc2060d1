"""The MkDocs plugin ``errorguides``: regenerates the pages before every build."""
