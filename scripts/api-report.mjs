// Checks (or, with --update, rewrites) the API report of each entry point of nestjs-observability:
// libs/observability/api/<entry>.api.md, made by API Extractor from the built declarations. A
// public name, signature or type that changes without its report changing fails the check, so
// every change to the API is deliberate and reviewed. Run after `npm run build:library`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const library = join(root, 'libs/observability');
const update = process.argv.includes('--update');
// Tests point the check at a copy of the reports.
const reports = process.env.API_REPORT_DIR ?? join(library, 'api');
const ENTRIES = {
  'nestjs-observability': 'index',
  'nestjs-observability-testing': 'testing/index',
  'nestjs-observability-register': 'register/index',
  'nestjs-observability-slo': 'slo/index',
};

const temp = mkdtempSync(join(tmpdir(), 'api-report-'));
mkdirSync(reports, { recursive: true });
let failed = 0;
try {
  for (const [report, entry] of Object.entries(ENTRIES)) {
    const config = ExtractorConfig.prepare({
      configObjectFullPath: join(library, 'api-extractor.json'),
      packageJsonFullPath: join(library, 'package.json'),
      configObject: {
        projectFolder: library,
        mainEntryPointFilePath: join(library, `dist/${entry}.d.ts`),
        bundledPackages: [],
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              module: 'nodenext',
              moduleResolution: 'nodenext',
              target: 'ES2023',
              lib: ['ES2023'],
              types: ['node'],
              skipLibCheck: true,
              experimentalDecorators: true,
            },
            include: [join(library, 'dist/**/*.d.ts')],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${report}.api.md`,
          reportFolder: reports,
          reportTempFolder: temp,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'error' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
            // The SDK marks its API with @publicApi / @internal (Nest's convention), not TSDoc's
            // release tags.
            'ae-missing-release-tag': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      // Analysis warnings are written into the report itself; console messages (such as "the
      // report changed") still count.
      messageCallback: (message) => {
        if (message.category === 'Extractor' && message.logLevel === 'warning') {
          message.logLevel = 'none';
        }
      },
    });
    if (!result.succeeded) {
      failed++;
      console.error(
        result.apiReportChanged
          ? `The public API of ${report} changed. Fix: run npm run api:update, review libs/observability/api/${report}.api.md and commit it.`
          : `API Extractor failed on ${report} (${result.errorCount} errors). Fix: build the library first (npm run build:library) and read the errors above.`,
      );
    } else if (update && result.apiReportChanged) {
      console.log(`updated libs/observability/api/${report}.api.md`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (!failed)
  console.log(`API reports of ${Object.keys(ENTRIES).length} entry points are up to date.`);
process.exit(failed > 0 ? 1 : 0);
