import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:browser`): headless Chromium from the system (CHROMIUM_PATH,
 * default /usr/bin/chromium) driven by playwright-core, against one build of the sample content served
 * on a loopback port under /status/. Kept out of `npm test`, which must pass without a browser.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    exclude: ['node_modules/**', 'lib/**', 'dist/**'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
