/**
 * The image roots sim containers start from: what busybox's image holds
 * (its applets in /bin, /etc/passwd, /etc/group, /tmp, /root ...), plus,
 * for the web servers' images, their document root with its default
 * index.html (nginx: /usr/share/nginx/html, httpd: /usr/local/apache2/htdocs),
 * which the sim answers HTTP from (web-server.ts). Each root is built once
 * per process, never written (containers write to their own layer,
 * container-fs.ts), so thousands of containers share it.
 */
import { realClock } from "../../../util/clock.js";
import { createMemoryFilesystem, type MemoryFilesystem } from "./memory-filesystem.js";
import { BUILTINS } from "./shell/commands/index.js";

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
`;

/** The image's environment, as busybox's image config sets it. */
export const IMAGE_ENV: { key: string; value: string }[] = [{ key: "PATH", value: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }];

// Busybox's build date: the files' times do not depend on when the sim started.
const BUILT = Date.UTC(2023, 4, 18, 22, 34, 17);
const roots = new Map<string, MemoryFilesystem>();

/** An image's name without registry, path, tag or digest: "registry.k8s.io/e2e-test-images/agnhost:2.53" is "agnhost". */
export function imageBaseName(image: string): string {
  const repo = image.replace(/@.*$/, "").replace(/:[^/]*$/, "");
  return repo.slice(repo.lastIndexOf("/") + 1);
}

/** The kind of web server an image runs, by its name (any registry, any tag). */
export function webServerOf(image: string): "nginx" | "httpd" | undefined {
  const name = imageBaseName(image);
  return name === "nginx" || name === "nginx-unprivileged" ? "nginx" : name === "httpd" ? "httpd" : undefined;
}

/** Where each web server's image keeps its documents. */
export const WEB_ROOTS = { nginx: "/usr/share/nginx/html", httpd: "/usr/local/apache2/htdocs" } as const;

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;
const HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

/** The root of `image` (busybox's for every image but the web servers'). */
export function imageRoot(image = ""): MemoryFilesystem {
  const kind = webServerOf(image) ?? "";
  const cached = roots.get(kind);
  if (cached) return cached;
  const fs = baseRoot();
  if (kind) {
    fs.mkdir(WEB_ROOTS[kind], 0o755);
    fs.writeFile(`${WEB_ROOTS[kind]}/index.html`, kind === "nginx" ? NGINX_INDEX : HTTPD_INDEX, 0o644);
  }
  roots.set(kind, fs);
  return fs;
}

function baseRoot(): MemoryFilesystem {
  const fs = createMemoryFilesystem({ clock: { ...realClock, now: () => BUILT } });
  for (const d of ["/bin", "/dev", "/etc", "/home", "/lib", "/proc", "/sys", "/usr/bin", "/usr/sbin", "/var/spool/mail", "/var/www"]) fs.mkdir(d, 0o755);
  fs.mkdir("/root", 0o700);
  fs.mkdir("/tmp", 0o1777);
  // Applets are links to one binary in busybox; a marker is enough to list and test them.
  for (const name of BUILTINS.keys()) if (/^[a-z]+$/.test(name)) fs.writeFile(`/bin/${name}`, "", 0o755);
  fs.writeFile("/bin/busybox", "", 0o755);
  fs.writeFile("/etc/passwd", PASSWD, 0o644);
  fs.writeFile("/etc/group", GROUP, 0o644);
  fs.writeFile("/etc/shadow", "root:*:10933:0:99999:7:::\n", 0o600);
  fs.writeFile("/etc/nsswitch.conf", "hosts: files dns\n", 0o644);
  return fs;
}
