// `npm run build:prompts`: speaks the post-call survey's Ukrainian prompts (Q1) with espeak-ng and
// converts them with sox into the data folder (DOVIRA_DATA_DIR, ./data by default).
import { databaseSettings } from '../src/config.ts';
import { buildPrompts, promptToolsMissing, promptsFolder } from '../src/telephony/adapters/baresip/survey-prompts.ts';

const missing = await promptToolsMissing();
if (missing) {
  console.error(`Не вдалося створити підказки опитування: ${missing}`);
  process.exit(1);
}
const folder = promptsFolder(databaseSettings().dataDir);
for (const file of await buildPrompts(folder)) console.log(`Записано: ${file}`);
