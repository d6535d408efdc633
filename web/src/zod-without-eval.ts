// Imported first by main.tsx, before any module that parses with zod. zod compiles object parsers
// with new Function when it may; the page's Content-Security-Policy (no 'unsafe-eval') says it may
// not, and zod's probe alone would be reported as a breach. Interpreted parsing is fast enough here.
import { z } from 'zod';
import { usePlainZodMessages } from '../../src/http/zod-messages.ts';

z.config({ jitless: true });

// The words of zod's own rules, as the server says them: «поле обов’язкове», not «Required».
usePlainZodMessages();
