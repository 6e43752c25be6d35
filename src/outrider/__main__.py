import sys

from outrider.cli import console_main

sys.exit(console_main())
