/**
 * Alias groups: every id that names the same vulnerability (CVE, GHSA, PYSEC, GO, RUSTSEC, DSA/DLA,
 * DEBIAN-, ALPINE- ...) ends up in one group, by union-find over the pairs the advisories state.
 */
export class AliasUnion {
  readonly #index = new Map<string, number>();
  readonly #parent: number[] = [];
  readonly #ids: string[] = [];

  /** Adds an id (alone in its own group until joined). Returns its index. */
  add(id: string): number {
    let i = this.#index.get(id);
    if (i === undefined) {
      i = this.#ids.length;
      this.#index.set(id, i);
      this.#ids.push(id);
      this.#parent.push(i);
    }
    return i;
  }

  /** States that a and b name the same vulnerability. */
  union(a: string, b: string): void {
    const ra = this.#find(this.add(a));
    const rb = this.#find(this.add(b));
    if (ra === rb) return;
    // The smaller index becomes the root, so group numbers do not depend on the order of the unions.
    if (ra < rb) this.#parent[rb] = ra;
    else this.#parent[ra] = rb;
  }

  #find(i: number): number {
    let root = i;
    while (this.#parent[root] !== root) root = this.#parent[root]!;
    // Path compression.
    let j = i;
    while (this.#parent[j] !== root) {
      const next = this.#parent[j]!;
      this.#parent[j] = root;
      j = next;
    }
    return root;
  }

  /** Every id with its group number (the index of the group's first-added id). */
  *entries(): Generator<[id: string, group: number]> {
    for (let i = 0; i < this.#ids.length; i++) yield [this.#ids[i]!, this.#find(i)];
  }

  /** The ids of the group that holds id, in the order they were added; [] when id is unknown. */
  groupOf(id: string): string[] {
    const i = this.#index.get(id);
    if (i === undefined) return [];
    const root = this.#find(i);
    return this.#ids.filter((_, j) => this.#find(j) === root);
  }
}
