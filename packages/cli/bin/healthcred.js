#!/usr/bin/env node
// Committed launcher, so npm can link the `healthcred` command at install time, before `tsc -b` builds dist/.
import '../dist/main.js';
