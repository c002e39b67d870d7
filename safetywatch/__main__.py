from safetywatch.cli import main

raise SystemExit(main())
