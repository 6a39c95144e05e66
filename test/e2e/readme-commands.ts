/**
 * The commands of the README's walkthrough: the first ```sh block under
 * "## A kubectl walkthrough", one entry per command as a shell reads it
 * (a here-document stays with its command; comment-only and blank lines go).
 */
export function walkthroughCommands(readme: string): string[] {
  const section = readme.split(/^## A kubectl walkthrough$/m)[1];
  if (!section) throw new Error("README.md has no '## A kubectl walkthrough' section");
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("the walkthrough has no ```sh block");
  const commands: string[] = [];
  const lines = block[1].split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || /^\s*#/.test(line)) continue;
    let command = line;
    const heredoc = /<<-?'?(\w+)'?/.exec(line);
    if (heredoc) {
      while (++i < lines.length && lines[i] !== heredoc[1]) command += `\n${lines[i]}`;
      command += `\n${heredoc[1]}`;
    }
    while (/\\\s*$/.test(command) && i + 1 < lines.length) command += `\n${lines[++i]}`;
    commands.push(command);
  }
  return commands;
}
