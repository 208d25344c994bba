import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";
import svelteConfig from "./svelte.config.js";

const NO_HTML_SINKS = [
  {
    selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]",
    message: "Render data as text; never through innerHTML/outerHTML.",
  },
  {
    selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]",
    message: "Render data as text; never as HTML.",
  },
];

export default defineConfig(
  // bindings/ is generated from Rust by ts-rs: never linted, never hand-edited.
  { ignores: ["dist/", "node_modules/", "src/lib/ipc/bindings/"] },
  js.configs.recommended,
  ts.configs.strictTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: [".svelte"],
      },
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, svelteConfig },
    },
  },
  {
    files: ["src/**/*.{ts,svelte}"],
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-syntax": ["error", ...NO_HTML_SINKS],
      "svelte/no-at-html-tags": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
    },
  },
  {
    // The app never uses the in-memory mock backend; only tests may.
    files: ["src/**/*.{ts,svelte}"],
    ignores: ["src/**/*.test.ts", "src/test/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ regex: "ipc/mock$", message: "The mock backend is for tests only." }],
        },
      ],
    },
  },
  {
    // A feature reaches another feature only through its index.ts.
    files: ["src/features/**/*.{ts,svelte}"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "ipc/mock$", message: "The mock backend is for tests only." },
            {
              regex: "^\\.\\./(?!\\.\\.)[^/]+/(?!index$).+",
              message: "Import another feature only through its index.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["*.js", "*.ts"],
    ignores: ["src/**"],
    extends: [ts.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
);
