/**
 * The Block Kit shapes Image Factory's Slack messages use (https://docs.slack.dev/reference/block-kit),
 * as plain data: chat.postMessage and chat.update take them as they are.
 */
export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
  /** At most 2000 characters. */
  value: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'section'; block_id?: string; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; block_id?: string; elements: TextObject[] }
  | { type: 'actions'; block_id?: string; elements: ButtonElement[] }
  | { type: 'divider'; block_id?: string };

/** A message as chat.postMessage and chat.update take it: the blocks, and the text notifications and old clients show. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
