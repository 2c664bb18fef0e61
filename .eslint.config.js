// Flat config, kept as a dotfile because the project's top level is fixed (DESIGN §7).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", ".data/**", "node_modules/**", "db/migrations/**", "tests/e2e/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["#db/*"], message: "Only app/**/*.server.ts may import db/ (DESIGN §7)." }] },
      ],
    },
  },
  {
    files: ["app/**/*.server.ts", "db/**", "tests/**", "app/server.ts", "drizzle.config.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  // Tests are not React: vitest's `use…` helpers are not hooks.
  { files: ["tests/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
);
