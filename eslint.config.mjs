// Flat config: typescript-eslint's recommended rules, type-aware where it pays off (floating promises),
// plus the layering rules of docs/ARCHITECTURE (imports point downwards only).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports rule from [regex, message] pairs. */
const restrict = (...pairs) => [
  'error',
  { patterns: pairs.map(([regex, message]) => ({ regex, message })) },
];

const NO_NEST_IN_CORE = [
  '^@nestjs/',
  'core is the framework-free engine: it must load in plain Node with no @nestjs/* installed.',
];
const NO_SELF_IMPORT = [
  '^nestjs-gocraft-work',
  'inside the library, import the file itself (relative path), not the package name.',
];
const NO_REPO_TOOLING = [
  '(^|/)(scripts|test|apps|bench)/',
  "library code must not depend on the repo's scripts/, test/, apps/ or bench/ (it ships without them).",
];
const ONLY_ENTRY_POINTS = [
  '(^|/)libs/work/|^nestjs-gocraft-work/(?!(core|testing)$)',
  "import the package by its entry points ('nestjs-gocraft-work', '/core', '/testing'), never its internals.",
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'libs/work/ui/dist/**',
      'libs/work/dist/**',
      'node_modules/**',
      'coverage/**',
      '*.config.js',
      '*.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['libs/work/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': restrict(NO_SELF_IMPORT, NO_REPO_TOOLING) },
  },
  {
    // Top-level core files: nothing outside core/.
    files: ['libs/work/src/core/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': restrict(NO_NEST_IN_CORE, NO_SELF_IMPORT, NO_REPO_TOOLING, [
        '^\\.\\./',
        'core must not import the Nest layer or anything else outside core/.',
      ]),
    },
  },
  {
    // Core files one folder down (lua/, conformance/): nothing outside core/.
    files: ['libs/work/src/core/*/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': restrict(NO_NEST_IN_CORE, NO_SELF_IMPORT, NO_REPO_TOOLING, [
        '^\\.\\./\\.\\./',
        'core must not import the Nest layer or anything else outside core/.',
      ]),
    },
  },
  {
    // Core's specs may use the test harness, never Nest.
    files: ['libs/work/src/core/**/*.spec.ts'],
    rules: { 'no-restricted-imports': restrict(NO_NEST_IN_CORE, NO_SELF_IMPORT) },
  },
  {
    // The dashboard's front end talks to the library through one contract file, types only.
    files: ['libs/work/ui/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        '^(?!.*src/admin/admin-api-types$).*(/src/|nestjs|ioredis|^node:)',
        'the UI may import only libs/work/src/admin/admin-api-types (the admin API contract).',
      ]),
    },
  },
  {
    files: ['apps/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(ONLY_ENTRY_POINTS) },
  },
);
