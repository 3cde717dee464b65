import { StrictMode, useCallback, useEffect, useId, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { storedKey, storeKey } from "./api";
import { Loading } from "./components";
import { ExportsPage } from "./pages/Exports";
import { FindingDetailPage } from "./pages/FindingDetail";
import { FindingsPage } from "./pages/Findings";
import { OverviewPage } from "./pages/Overview";
import { ResourceDetailPage } from "./pages/ResourceDetail";
import { ResourcesPage } from "./pages/Resources";
import { SettingsPage } from "./pages/Settings";
import { SignInPage } from "./pages/SignIn";
import { SuppressionPage } from "./pages/Suppression";
import { Link, navigate, useLocation } from "./router";
import { isDelegatedAdmin, type Session, SessionContext, type Who, whoAmI } from "./session";
import "./styles.css";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/findings", label: "Findings" },
  { href: "/resources", label: "Resources" },
  { href: "/suppression-rules", label: "Suppression rules" },
  { href: "/exports", label: "Reports & exports" },
  { href: "/settings", label: "Settings" },
];

const VIEW_KEY = "vigil.view";

function page(path: string) {
  if (path === "/" || path === "/overview") return <OverviewPage />;
  if (path === "/findings") return <FindingsPage />;
  if (path.startsWith("/findings/")) return <FindingDetailPage id={decodeURIComponent(path.slice(10))} />;
  if (path === "/resources") return <ResourcesPage />;
  if (path.startsWith("/resources/")) return <ResourceDetailPage id={decodeURIComponent(path.slice(11))} />;
  if (path === "/suppression-rules") return <SuppressionPage />;
  if (path === "/exports") return <ExportsPage />;
  if (path === "/settings") return <SettingsPage />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href="/">Go to the overview</Link>.
      </p>
    </section>
  );
}

function ViewSwitch({ session }: { session: Session }) {
  const id = useId();
  if (!isDelegatedAdmin(session) || session.members.length === 0) return null;
  return (
    <div className="view-switch">
      <label htmlFor={id}>Showing</label>
      <select
        id={id}
        value={session.view ?? ""}
        onChange={(e) => session.setView(e.target.value === "" ? null : e.target.value)}
      >
        <option value="">Organization (all {session.members.length + 1} accounts)</option>
        <option value={session.account.id}>{session.account.name} (delegated administrator)</option>
        {session.members.map((m) => (
          <option key={m.accountId} value={m.accountId}>
            {m.name} (member)
          </option>
        ))}
      </select>
    </div>
  );
}

function App() {
  const loc = useLocation();
  const [who, setWho] = useState<Who | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(storedKey() !== null);
  const [view, setViewState] = useState<string | null>(sessionStorage.getItem(VIEW_KEY));
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const key = storedKey();
    if (key === null) return;
    whoAmI(key).then(
      (w) => {
        setWho(w);
        setChecking(false);
      },
      (e: unknown) => {
        setError(e);
        setChecking(false);
        storeKey(null);
      },
    );
  }, []);

  // Move focus to the page heading on navigation, for keyboard and screen reader users.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change
  useEffect(() => {
    main.current?.querySelector("h1")?.focus();
  }, [loc.path]);

  const setView = useCallback((v: string | null) => {
    if (v === null) sessionStorage.removeItem(VIEW_KEY);
    else sessionStorage.setItem(VIEW_KEY, v);
    setViewState(v);
  }, []);
  const signOut = useCallback(() => {
    storeKey(null);
    sessionStorage.removeItem(VIEW_KEY);
    setWho(null);
    navigate("/");
  }, []);

  if (checking) return <Loading what="Signing in" />;
  if (who === null) {
    return (
      <SignInPage
        initialError={error}
        onSignedIn={(key, w) => {
          storeKey(key);
          setError(null);
          setViewState(null);
          setWho(w);
        }}
      />
    );
  }
  const validView =
    view !== null && (view === who.account.id || who.members.some((m) => m.accountId === view)) ? view : null;
  const session: Session = { ...who, view: validView, setView, signOut };
  const active = (href: string) =>
    href === "/" ? loc.path === "/" || loc.path === "/overview" : loc.path.startsWith(href);
  return (
    <SessionContext.Provider value={session}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Vigil</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={active(n.href) ? "page" : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <ViewSwitch session={session} />
          <span className="muted">
            {who.account.name}
            {who.organization === null ? "" : ` · ${who.organization.name}`}
          </span>
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} key={`${validView ?? "org"}`}>
        {page(loc.path)}
      </main>
    </SessionContext.Provider>
  );
}

const root = document.getElementById("root");
if (root === null) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
