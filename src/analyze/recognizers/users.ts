// Users and groups: useradd/adduser (Debian and BusyBox flavours), groupadd/addgroup, usermod -aG.
import { parseArgs } from "../args.js";
import type { UserFact } from "../facts.js";
import { base, programName, type Recognizer } from "../recognizer.js";

export const users: Recognizer = {
  id: "users",
  recognize(cmd) {
    const name = programName(cmd.argv[0]);
    const args = cmd.argv.slice(1);
    let fact: UserFact | undefined;
    const make = (tool: UserFact["tool"], op: UserFact["op"], user: string | undefined, system: boolean): UserFact | undefined =>
      user ? { ...base("users", cmd), kind: "user", op, tool, name: user, system } : undefined;
    if (name === "useradd") {
      const p = parseArgs(args, {
        values: [
          "-u",
          "--uid",
          "-g",
          "--gid",
          "-G",
          "--groups",
          "-d",
          "--home-dir",
          "-s",
          "--shell",
          "-c",
          "--comment",
          "-k",
          "--skel",
          "-b",
          "--base-dir",
          "-e",
          "-f",
          "-K",
          "-p",
        ],
      });
      fact = make("useradd", "create-user", p.positionals[0], p.has("-r", "--system"));
      if (fact) {
        const uid = p.get("-u", "--uid");
        const gid = p.get("-g", "--gid");
        const home = p.get("-d", "--home-dir") ?? (p.has("-m", "--create-home") ? `/home/${fact.name}` : undefined);
        const shell = p.get("-s", "--shell");
        if (uid !== undefined) fact.uid = uid;
        if (gid !== undefined) fact.group = gid;
        if (home !== undefined) fact.home = home;
        if (shell !== undefined) fact.shell = shell;
        if (home !== undefined && p.has("-m", "--create-home")) fact.outputs.push(home);
      }
    } else if (name === "adduser") {
      // Debian: adduser [--system] [--uid N] [--ingroup G] [--home DIR] [--shell SH] [--disabled-password] NAME [GROUP]
      // BusyBox/Alpine: adduser -D -S -u N -G GROUP -h DIR -s SH NAME [GROUP]
      const p = parseArgs(args, {
        values: [
          "-u",
          "--uid",
          "-G",
          "--ingroup",
          "--gid",
          "-h",
          "--home",
          "-s",
          "--shell",
          "-g",
          "--gecos",
          "--comment",
          "-k",
          "--firstuid",
          "--lastuid",
          "--group",
        ],
      });
      const [user, group] = p.positionals;
      if (group !== undefined && p.positionals.length === 2 && !p.has("-G", "--ingroup", "--gid")) {
        fact = make("adduser", "add-to-group", user, false);
        if (fact) fact.group = group;
      } else {
        fact = make("adduser", "create-user", user, p.has("-S", "--system"));
        if (fact) {
          const uid = p.get("-u", "--uid");
          const grp = p.get("-G", "--ingroup");
          const gid = p.get("--gid");
          const home = p.get("-h", "--home");
          const shell = p.get("-s", "--shell");
          if (uid !== undefined) fact.uid = uid;
          if (grp !== undefined) fact.group = grp;
          if (gid !== undefined) fact.gid = gid;
          if (home !== undefined) fact.home = home;
          if (shell !== undefined) fact.shell = shell;
        }
      }
    } else if (name === "groupadd" || name === "addgroup") {
      const p = parseArgs(args, { values: ["-g", "--gid", "-K", "-p"] });
      const [group, second] = p.positionals;
      if (name === "addgroup" && second !== undefined) {
        // `addgroup USER GROUP` adds an existing user to a group.
        fact = make("addgroup", "add-to-group", group, false);
        if (fact) fact.group = second;
      } else {
        fact = make(name, "create-group", group, p.has("-r", "--system", "-S"));
        const gid = p.get("-g", "--gid");
        if (fact && gid !== undefined) fact.gid = gid;
      }
    } else if (name === "usermod") {
      const p = parseArgs(args, { values: ["-G", "--groups", "-g", "--gid", "-u", "--uid", "-d", "--home", "-s", "--shell", "-l", "--login"] });
      const groups = p.get("-G", "--groups");
      if (groups !== undefined) {
        fact = make("usermod", "add-to-group", p.positionals[0], false);
        if (fact) fact.group = groups;
      }
    }
    return fact ? [fact] : [];
  },
};
