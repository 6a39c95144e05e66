/** Image references as containerd reports them: "nginx" is "docker.io/library/nginx:latest". */

export function normalizeImage(image: string): string {
  let name = image;
  const at = name.indexOf("@");
  const digest = at >= 0 ? name.slice(at) : "";
  if (at >= 0) name = name.slice(0, at);
  const slash = name.indexOf("/");
  const first = slash < 0 ? "" : name.slice(0, slash);
  if (slash < 0) name = `docker.io/library/${name}`;
  else if (!first.includes(".") && !first.includes(":") && first !== "localhost") name = `docker.io/${name}`;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  if (!digest && !lastPart.includes(":")) name += ":latest";
  return name + digest;
}

/** The imageID of a container status: "<repository>@sha256:<hex>". */
export function imageIdOf(image: string, imageRef: string): string {
  if (!imageRef.startsWith("sha256:")) return imageRef;
  const repo = normalizeImage(image).replace(/@.*$/, "").replace(/:[^:/]*$/, "");
  return `${repo}@${imageRef}`;
}
