/**
 * The public API reports (libs/work/api-report/*.api.md), one per package entry point, made by
 * api-extractor from the built .d.ts files. `npm run api:check` fails when the surface differs
 * from the checked-in report; `npm run api:update` rewrites the reports after an intended change.
 * Both build the library first.
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { join } from 'node:path';

const ENTRIES = ['index', 'core', 'testing'];

function main(): void {
  const update = process.argv.includes('--update');
  const changed: string[] = [];
  for (const entry of ENTRIES) {
    const configFile = join(__dirname, '..', 'libs', 'work', 'api-report', `${entry}.json`);
    const result = Extractor.invoke(ExtractorConfig.loadFileAndPrepare(configFile), {
      localBuild: update,
      showVerboseMessages: false,
    });
    if (result.apiReportChanged) changed.push(entry);
    // Warnings (a forgotten export, a broken {@link}) are written into the report itself, so a
    // new one shows up as a report change; only errors stop the run here.
    if (result.errorCount > 0) {
      console.error(`api-report: ${entry}: ${result.errorCount} errors`);
      process.exitCode = 1;
    }
  }
  if (changed.length && !update) {
    console.error(
      `api-report: the public API of ${changed.join(', ')} changed. If intended, run "npm run api:update" and commit libs/work/api-report/.`,
    );
    process.exitCode = 1;
  } else if (changed.length) {
    console.log(
      `api-report: updated ${changed.join(', ')}; review and commit libs/work/api-report/.`,
    );
  } else {
    console.log('api-report: the public API matches libs/work/api-report/.');
  }
}

main();
