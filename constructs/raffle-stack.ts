/**
 * One environment of the raffle: providers, the table, one function per catalogue entry, the public API
 * behind the site's CloudFront distribution, the mutual-TLS admin API, the truststore, what the app's
 * scheduled draws need (a schedule group, the schedules' role, a dead-letter queue), the alarms and
 * (optionally) the ops alarm topic and the organiser's notification topic. Everything comes from a
 * validated RaffleConfig.
 */
import { Construct } from 'constructs';
import { Fn, Lazy, LocalBackend, S3Backend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { FUNCTION_NAMES, FUNCTIONS, REACH_ACTIONS, type FunctionName, type Reach } from '../model/functions';
import { PUBLISHED_DRAWS_PATH } from '../verify/commitment';
import { deploymentFacts, functionSettings, type DeploymentAddresses } from '../config/deployment';
import type { RaffleConfig } from '../config/schema';
import { DRAW_COMPLETED_PATTERN } from '../model/stream-filter';
import { AdminApi } from './admin-api';
import { Alarms } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import { DrawSchedules } from './draw-schedules';
import { EntrantsTable } from './entrants-table';
import { Notifications } from './notifications';
import { OpsAlerts } from './ops-alerts';
import { PublicApi } from './public-api';
import { RaffleFunction, type ReachGrant } from './raffle-function';
import { Site } from './site';
import { fromStackDir } from './stack-paths';
import { MailIdentity } from './mail-identity';
import { OriginSecret } from './origin-secret';
import { Truststore } from './truststore';
import { StreamTrigger } from './stream-trigger';
import { WebAcl } from './web-acl';
import { duplicateNames } from './unique-names';
import { CLOUDFRONT_REGION } from './cloudfront-region';

/** Identifies our resources in billing and in the console, whatever the config's own tags say. */
export const PROJECT_TAG = 'raffle';

export interface RaffleStackProps {
  /** The environment's validated configuration (config/load.ts). */
  readonly config: RaffleConfig;
}

export class RaffleStack extends TerraformStack {
  readonly table: EntrantsTable;
  readonly functions: Readonly<Record<FunctionName, RaffleFunction>>;
  readonly publicApi: PublicApi;
  readonly adminApi: AdminApi;
  readonly site: Site;
  readonly truststore: Truststore;

  constructor(scope: Construct, id: string, props: RaffleStackProps) {
    super(scope, id);
    const { config } = props;
    const prefix = config.namePrefix;
    const defaultTags = [{ tags: { Project: PROJECT_TAG, Environment: config.environment, ManagedBy: 'cdktf', ...config.tags } }];

    if (config.stateBackend) {
      // Pipelines: state in S3, encrypted, locked by an S3 lock file (Terraform >= 1.10; cdktf 0.21 has no
      // typed option for it, hence the override).
      const backend = new S3Backend(this, { ...config.stateBackend, encrypt: true });
      backend.addOverride('use_lockfile', true);
    } else {
      // State beside the project (gitignored), relative to the stack folder: cdktf's default would write
      // this machine's absolute path into the output.
      new LocalBackend(this, { path: fromStackDir(`terraform.${id}.tfstate`) });
    }
    new AwsProvider(this, 'aws', { region: config.region, defaultTags });
    new ArchiveProvider(this, 'archive');
    // CloudFront reads certificates from us-east-1 only. Declared even without a domain: removing a domain
    // leaves its us-east-1 certificate in the state, and Terraform needs this provider to destroy it.
    const usEast1 = new AwsProvider(this, 'aws_us_east_1', { alias: 'us_east_1', region: CLOUDFRONT_REGION, defaultTags });

    this.table = new EntrantsTable(this, 'EntrantsTable', { tableName: `${prefix}-entrants` });
    const tableArn = this.table.table.arn;
    // The account, from the table's ARN: a data source would need AWS to plan.
    const account = Token.asString(Fn.element(Fn.split(':', tableArn), 4));

    const notifications = config.notificationEmail
      ? new Notifications(this, 'Notifications', { name: `${prefix}-notifications`, email: config.notificationEmail })
      : undefined;

    // A scheduled draw that fails every retry lands here rather than vanishing.
    const drawDeadLetters = new DeadLetterQueue(this, 'DrawDeadLetterQueue', { name: `${prefix}-draw-dlq`, reach: 'drawDeadLetters' });
    // The raffles' schedules are the app's; the stack keeps their group and role. (Its id is the one the
    // stack's own schedule had, so an upgraded stack keeps the role and the async invoke config in place.)
    const drawSchedules = new DrawSchedules(this, 'DrawSchedule', {
      namePrefix: prefix,
      region: config.region,
      account,
      deadLetterQueue: drawDeadLetters,
    });
    // Stream batches the notify function failed on, after its retries.
    const notifyFailures = new DeadLetterQueue(this, 'NotifyFailureQueue', { name: `${prefix}-notify-dlq`, reach: 'notifyFailures' });

    // Confirmation emails and winners' notices, from the raffle's own domain (config validation requires one).
    const mail =
      config.mail && config.domain
        ? new MailIdentity(this, 'MailIdentity', {
            domainName: config.domain.domainName,
            hostedZoneId: config.domain.hostedZoneId,
          })
        : undefined;
    const originSecret = new OriginSecret(this, 'OriginSecret');

    // The site and the public API are made after the functions (they route to them): read lazily.
    const siteUrl = Lazy.stringValue({ produce: () => `https://${this.site.domainName}` });
    const addresses: DeploymentAddresses = {
      tableName: this.table.table.name,
      siteUrl,
      adminUrl: Lazy.stringValue({ produce: () => `${this.adminApi.url}/draw.html` }),
      originSecret: originSecret.value,
      publicApiId: Lazy.stringValue({ produce: () => this.publicApi.http.api.id }),
      notificationTopicArn: notifications?.topic.arn,
      siteBucket: Lazy.stringValue({ produce: () => this.site.bucket.bucket.bucket }),
      // Only the function that makes schedules is told the draw function's ARN (the draw itself is told
      // only the group: its own ARN in its environment would make it depend on itself).
      drawSchedules: drawSchedules.target(Lazy.stringValue({ produce: () => functions.draw.fn.arn })),
    };
    // The optional resources this configuration has; each function gets those its catalogue entry reaches
    // (a grant that names the function itself is made per function).
    const reachable: Partial<Record<Reach, ReachGrant | readonly ReachGrant[] | ((functionName: string) => ReachGrant)>> = {
      notifications: notifications?.publishGrant(),
      drawDeadLetters: drawDeadLetters.sendGrant(),
      drawSchedules: drawSchedules.manageGrants(),
      drawScheduleCleanup: drawSchedules.cleanupGrant(),
      confirmationMail: config.confirmEntries ? mail?.sendGrant() : undefined,
      winnerMail: config.notifyWinners ? mail?.sendGrant() : undefined,
      tableStream: this.table.streamReadGrant(),
      notifyFailures: notifyFailures.sendGrant(),
      // The site is made after the functions (it routes to them): its bucket is read lazily.
      publishedDraws: config.verifiable
        ? {
            statement: {
              sid: 'PublishDraws',
              effect: 'Allow',
              actions: [...REACH_ACTIONS.publishedDraws.actions],
              resources: [Lazy.stringValue({ produce: () => `${this.site.bucket.bucket.arn}/${PUBLISHED_DRAWS_PATH}/*` })],
            },
          }
        : undefined,
      // Built, not read from the function: its ARN would make the function depend on its own policy. The
      // table's ARN names the account.
      itself: config.verifiable
        ? (functionName) => ({
            statement: {
              sid: 'InvokeItself',
              effect: 'Allow',
              actions: [...REACH_ACTIONS.itself.actions],
              resources: [`arn:aws:lambda:${config.region}:${account}:function:${functionName}`],
            },
          })
        : undefined,
    };
    const functions = {} as Record<FunctionName, RaffleFunction>;
    for (const name of FUNCTION_NAMES) {
      const definition = FUNCTIONS[name];
      const functionName = `${prefix}-${name}`;
      functions[name] = new RaffleFunction(this, `${name[0].toUpperCase()}${name.slice(1)}Function`, {
        definition,
        functionName,
        stackName: id,
        tableArn,
        settings: functionSettings(config, addresses, definition),
        grants: definition.reaches.flatMap((reach) => {
          const grant = reachable[reach];
          return typeof grant === 'function' ? grant(functionName) : (grant ?? []);
        }),
      });
    }
    this.functions = functions;
    drawSchedules.invokes(functions.draw.fn);
    // Completed draws, voids and replacements reach the organiser (and the winners) through the stream.
    new StreamTrigger(this, 'NotifyTrigger', {
      streamArn: this.table.table.streamArn,
      fn: functions.notify.fn,
      pattern: DRAW_COMPLETED_PATTERN,
      onFailure: notifyFailures,
    });
    notifications?.onlyPublisher(functions.notify.role.arn);
    const lambdas = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, functions[n].fn])) as Record<FunctionName, LambdaFunction>;

    this.truststore = new Truststore(this, 'Truststore', { bucketPrefix: `${prefix}-truststore-`, pem: config.truststorePem });

    this.publicApi = new PublicApi(this, 'PublicApi', {
      name: `${prefix}-public`,
      functions: lambdas,
      region: config.region,
      allowedOrigins: config.allowedOrigins,
    });

    const waf = config.wafRateLimit
      ? new WebAcl(this, 'WebAcl', { namePrefix: prefix, rateLimit: config.wafRateLimit, usEast1 })
      : undefined;

    this.site = new Site(this, 'Site', {
      namePrefix: prefix,
      apiOriginDomain: this.publicApi.originDomain,
      originSecret: originSecret.value,
      webAclArn: waf?.acl.arn,
      facts: deploymentFacts(config),
      domain: config.domain ? { host: config.domain.siteHost, hostedZoneId: config.domain.hostedZoneId, usEast1 } : undefined,
    });

    this.adminApi = new AdminApi(this, 'AdminApi', {
      name: `${prefix}-admin`,
      functions: lambdas,
      siteDomain: this.site.domainName,
      domain: config.domain
        ? {
            host: config.domain.apiHost,
            hostedZoneId: config.domain.hostedZoneId,
            truststoreUri: this.truststore.uri,
            truststoreVersion: this.truststore.version,
          }
        : undefined,
    });

    // Alarms reach ops: the topic made for opsEmail, ops' own topic, or both.
    const opsAlerts = config.opsEmail
      ? new OpsAlerts(this, 'OpsAlerts', { namePrefix: prefix, region: config.region, account, email: config.opsEmail })
      : undefined;
    new Alarms(this, 'Alarms', {
      namePrefix: prefix,
      region: config.region,
      functions: FUNCTION_NAMES.map((n) => ({ label: n, functionName: functions[n].fn.functionName })),
      apis: [
        // Registration is one transaction: two seconds at p99 means something is wrong.
        { label: 'public', api: this.publicApi.http.api, stageName: this.publicApi.http.stage.name, p99LatencyMs: 2000 },
        // A draw claims winners one transaction at a time: allow it more, but well under the 29 s timeout.
        { label: 'admin', api: this.adminApi.http.api, stageName: this.adminApi.http.stage.name, p99LatencyMs: 10000 },
      ],
      tableName: this.table.table.name,
      deadLetterQueues: [
        { label: 'draw', queue: drawDeadLetters.queue },
        { label: 'notify', queue: notifyFailures.queue },
      ],
      topicArns: [...(opsAlerts ? [opsAlerts.topic.arn] : []), ...(config.alarmTopicArn ? [config.alarmTopicArn] : [])],
    });

    new TerraformOutput(this, 'site_url', { value: siteUrl, description: 'The public entry form' });
    new TerraformOutput(this, 'public_api_url', { value: `${siteUrl}/raffle`, description: 'Public API, same origin as the site' });
    new TerraformOutput(this, 'admin_api_url', {
      value: this.adminApi.url,
      description: config.domain
        ? 'Admin API and draw page (mutual TLS: client certificate required)'
        : 'Admin API (IAM/SigV4 authorisation required)',
    });
    new TerraformOutput(this, 'table_name', { value: this.table.table.name });
    new TerraformOutput(this, 'truststore_s3_uri', {
      value: this.truststore.uri,
      description: 'CA bundle trusted for admin client certificates',
    });

    // Checked at synth (cdktf runs node validations), before Terraform could ever try to create a clash.
    this.node.addValidation({ validate: () => duplicateNames([this]) });
  }
}
