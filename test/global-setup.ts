/** jest globalSetup: (re)generate test/fixtures/generated only when missing or older than its inputs. */
import { ensureFixtures } from '../scripts/fixtures/ensure';

export default async function globalSetup(): Promise<void> {
  await ensureFixtures();
}
