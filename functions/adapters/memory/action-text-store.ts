/**
 * Action texts kept in memory, for tests of what reads and writes them. Nothing is sealed: the
 * memory adapter holds nothing at rest (the DynamoDB adapter seals, locally and on AWS alike).
 */
import type { ActionTextStore } from '../../core/ports.ts';

export class MemoryActionTextStore implements ActionTextStore {
  private readonly byCase = new Map<string, Map<string, string>>();

  async put(caseId: string, actionId: string, text: string): Promise<void> {
    const texts = this.byCase.get(caseId) ?? new Map<string, string>();
    texts.set(actionId, text);
    this.byCase.set(caseId, texts);
  }

  async textsOf(caseId: string): Promise<Map<string, string>> {
    return new Map(this.byCase.get(caseId));
  }
}
