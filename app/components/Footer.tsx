import { serverCaller } from "../serverCaller";

export async function Footer() {
  const info = await serverCaller().system.info();
  return (
    <footer className="footer">
      <span>
        SGLang Studio <span data-testid="studio-version">{info.version}</span> · commit{" "}
        <code data-testid="studio-commit">{info.commit}</code>
      </span>
    </footer>
  );
}
