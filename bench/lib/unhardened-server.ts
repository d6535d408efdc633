// For `npm run bench` only: Dovira exactly as `npm start` runs it, but without the security headers,
// the check for unstorable text and the rate limits, so that what they cost can be measured against
// it in the same run. Nothing else can start Dovira this way: no setting turns the hardening off.
import { runDovira } from '../../src/main.ts';

await runDovira({ hardening: false });
