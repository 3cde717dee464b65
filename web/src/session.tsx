import { createContext, useContext } from "react";
import { type Account, api, type Member, type Organization } from "./api";

/** Who is signed in and which account(s) the pages show. */
export interface Session {
  account: Account;
  organization: Organization | null;
  /** Delegated administrator: the member accounts it may switch to. */
  members: Member[];
  /** The account the pages show; null: the organization view (every account the key sees). */
  view: string | null;
  setView(accountId: string | null): void;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (s === null) throw new Error("useSession outside the signed-in app");
  return s;
}

export function isDelegatedAdmin(s: Pick<Session, "organization">): boolean {
  return s.organization?.roles.includes("DELEGATED_ADMIN") ?? false;
}

/** The `accountId` query parameter of the current view (none in the organization view). */
export function viewQuery(s: Session): { accountId?: string } {
  return s.view === null ? {} : { accountId: s.view };
}

/** The account a write goes to: the viewed account, or the caller's own in the organization view. */
export function writeAccount(s: Session): string {
  return s.view ?? s.account.id;
}

export function accountName(s: Session, id: string): string {
  if (id === s.account.id) return s.account.name;
  return s.members.find((m) => m.accountId === id)?.name ?? id;
}

export interface Who {
  account: Account;
  organization: Organization | null;
  members: Member[];
}

/** Reads the caller's account, organization and (delegated administrator) members with `key`. */
export async function whoAmI(key: string): Promise<Who> {
  const me = await api<{ account: Account; organization: Organization | null }>(
    "GET",
    "/v1/account",
    undefined,
    key,
  );
  let members: Member[] = [];
  if (me.organization?.roles.includes("DELEGATED_ADMIN")) {
    members = (
      await api<{ items: Member[] }>("GET", "/v1/organization/members", undefined, key)
    ).items.filter((m) => m.accountId !== me.account.id);
  }
  return { ...me, members };
}
