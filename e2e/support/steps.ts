/**
 * Steps of one browser story. Each builds on the one before, so after a failure the
 * rest are reported as skipped (with the reason) instead of each timing out.
 */
import { it } from 'node:test';

export function storySteps(): (name: string, body: () => Promise<void>) => void {
  let broken = false;
  return (name, body) =>
    it(name, async (t) => {
      if (broken) return t.skip('an earlier step failed');
      try {
        await body();
      } catch (error) {
        broken = true;
        throw error;
      }
    });
}
