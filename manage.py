#!/usr/bin/env python
"""Django's command-line utility; the installed `xuehui` command is the same thing."""

from xuehui.cli import main

if __name__ == "__main__":
    main()
