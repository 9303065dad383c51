"""Entry script for the frozen bundle: the same main() as the `vsm-desktop` console script.

PyInstaller needs a file to start from; keeping it to one call means the bundle and a pip install
behave the same way.
"""

import sys

from vsm_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
