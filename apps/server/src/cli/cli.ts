/**
 * The `casebook` command line: start, migrate, user create | setup-link, audit verify,
 * backup, restore, demo, mail bounce, keys status | rotate. Each command returns its exit
 * code; nothing here calls process.exit so that open handles close cleanly.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { AppError } from '../http/app-error.ts';

// Each command's module is loaded only when it runs: `casebook start` need not transpile
// the backup code, nor `casebook --help` the server.
const commands = {
  start: () => import('./start.command.ts'),
  migrate: () => import('./migrate.command.ts'),
  audit: () => import('./audit-verify.command.ts'),
  user: () => import('./user.command.ts'),
  backup: () => import('./backup.command.ts'),
  demo: () => import('./demo.command.ts'),
  mail: () => import('./mail-bounce.command.ts'),
  keys: () => import('./keys.command.ts'),
};

const HELP = `Usage: casebook <command> [options]

Commands:
  start                         Serve Casebook (migrates the database first)
  migrate                       Apply pending database migrations
  user create --email E --name N --role R [--organization ID|NAME]
                                Create a user; the password is read from standard input
                                (leave it empty to get a one-time set-up link instead)
  user setup-link EMAIL         Print a new one-time set-up link for a user
  audit verify                  Check the audit log's hash chains; exit 1 naming the first bad row
  backup FILE.tar.gz            Write a consistent backup of the database and files
  restore FILE.tar.gz           Restore a backup into an empty database
  demo                          Load the demo case (docs/demo.md) and print its users' passwords;
                                exits 3, changing nothing, when it is loaded already
  mail bounce [--recipient ADDRESS]
                                Record the bounce read from standard input (for the mail
                                server to pipe bounces into; docs/modules/mail.md)
  keys status                   Show the register's master keys and how many data keys each wraps
  keys rotate                   Re-wrap every register data key under a new master key
                                (embedded: added to the key file; server: the current key
                                in CASEBOOK_REGISTER_KEYS); exit 1 naming a key that is missing

Configuration comes from the environment (see docs/configuration.md).`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${HELP}\n`);
      return command ? 0 : 2;
    }
    const config = loadConfig();
    switch (command) {
      case 'start':
        return await (await commands.start()).runStart(config);
      case 'migrate':
        return await (await commands.migrate()).runMigrate(config);
      case 'audit':
        if (rest[0] === 'verify') return await (await commands.audit()).runAuditVerify(config);
        break;
      case 'user': {
        const [sub, ...args] = rest;
        if (sub === 'create') {
          const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, organization: { type: 'string' } } });
          return await (await commands.user()).runUserCreate(config, values);
        }
        if (sub === 'setup-link' && args[0]) return await (await commands.user()).runUserSetupLink(config, args[0]);
        break;
      }
      case 'backup':
        if (rest[0]) return await (await commands.backup()).runBackup(config, rest[0]);
        break;
      case 'restore':
        if (rest[0]) return await (await commands.backup()).runRestore(config, rest[0]);
        break;
      case 'demo':
        if (rest.length === 0) return await (await commands.demo()).runDemo(config);
        break;
      case 'mail': {
        const [sub, ...args] = rest;
        if (sub === 'bounce') {
          const { values } = parseArgs({ args, options: { recipient: { type: 'string' } } });
          return await (await commands.mail()).runMailBounce(config, values);
        }
        break;
      }
      case 'keys':
        if (rest.length === 1 && rest[0] === 'status') return await (await commands.keys()).runKeysStatus(config);
        if (rest.length === 1 && rest[0] === 'rotate') return await (await commands.keys()).runKeysRotate(config);
        break;
    }
    process.stderr.write(`Unknown command: casebook ${argv.join(' ')}\n\n${HELP}\n`);
    return 2;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppError) {
      process.stderr.write(`casebook: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`casebook: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
