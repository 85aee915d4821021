// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The package's folders from the bottom up: a folder may import its own floor and those below,
 * never one above (imports point down, so no concern depends on a higher one). Root files:
 * `observability.constants.ts` sits on the bottom floor, `index.ts` on top.
 */
const FLOORS = [
  ['redaction', 'context', 'observability.constants'],
  ['messages'],
  ['errors', 'environment', 'support', 'naming'],
  ['slo'],
  ['options'],
  ['metrics'],
  ['logging'],
  ['telemetry', 'instrument'],
  ['decorators', 'nest', 'ml'],
  ['http', 'messaging', 'scheduling', 'jobs'],
  ['management'],
  ['health'],
  ['module'],
  ['testing', 'register', 'index'],
];

const floorRules = FLOORS.flatMap((floor, level) => {
  const above = FLOORS.slice(level + 1).flat();
  if (above.length === 0) return [];
  return floor
    .filter((name) => !name.includes('.') && name !== 'index')
    .map((name) => ({
      files: [`libs/observability/src/${name}/**/*.ts`],
      // Specs test a folder from above: they may use the decorators and the test kit.
      ignores: ['**/*.spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^\\.{1,2}/(\\.\\./)*(${above.join('|')})(/|$)`,
                message: `${name}/ sits below ${above.join(', ')}: import only from its own floor or lower ones (see FLOORS in eslint.config.mjs and docs/architecture.md).`,
              },
            ],
          },
        ],
      },
    }));
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'coverage/**',
      'node_modules/**',
      '**/*.mjs',
      '**/*.js',
      '**/*.cjs',
      // Tests of the fresh consumer apps: compiled and run there, with their own test runners.
      'test/consumer-app/spec/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Name every export: no `export *`.' },
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // supertest bodies are `any`; the assertions on them are the type check.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Tests build every result shape on purpose, including async functions that never await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...floorRules,
  prettier,
);
