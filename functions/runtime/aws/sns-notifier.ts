/** The organiser, told on AWS: SNS, to the topic the stack makes for the config's notificationEmail. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Settings } from '../../../model/settings';
import type { OrganiserNotifier } from '../ports';

/** SNS caps an email subject at 100 characters. */
const SUBJECT_LENGTH = 100;

export function snsNotifier(settings: Pick<Settings, 'notificationTopicArn'>, client: SNSClient = new SNSClient({})): OrganiserNotifier {
  return {
    async notify(message) {
      const topicArn = settings.notificationTopicArn;
      if (!topicArn) return 'none';
      await client.send(
        new PublishCommand({ TopicArn: topicArn, Subject: message.subject.slice(0, SUBJECT_LENGTH), Message: message.text }),
      );
      return 'sent';
    },
  };
}
