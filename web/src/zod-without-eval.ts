// Imported first by main.tsx, before any module that parses with zod. zod compiles object parsers
// with new Function when it may; the page's Content-Security-Policy (no 'unsafe-eval') says it may
// not, and zod's probe alone would be reported as a breach. Interpreted parsing is fast enough here.
import { z } from 'zod';

z.config({ jitless: true });
