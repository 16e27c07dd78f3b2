import type { LoadedCase } from './case-store.js';

/**
 * The cases an instance wrote last, least recently used dropped first. Only a guess that saves a read
 * on the next event: the write checks the version in the database, and a stale guess is read again.
 */
export class CaseCache {
  private readonly entries = new Map<string, LoadedCase>();

  constructor(private readonly capacity: number) {}

  get(id: string): LoadedCase | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  set(entry: LoadedCase) {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string) {
    this.entries.delete(id);
  }
}
