/** Shows Markdown written by users as React elements (no HTML is ever injected). */
import { Anchor, Blockquote, Code, Divider, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { type Block, type Inline, parseMarkdown } from '../lib/parse-markdown.ts';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    const key = `${node.kind}-${i}`;
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={key}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={key}>{renderInline(node.children)}</em>;
      case 'code':
        return <Code key={key}>{node.text}</Code>;
      case 'break':
        return <br key={key} />;
      case 'link':
        return (
          <Anchor key={key} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(node.children)}
          </Anchor>
        );
      default:
        return null;
    }
  });
}

function renderBlock(block: Block, key: string): ReactNode {
  switch (block.kind) {
    case 'heading':
      return (
        <Title key={key} order={(block.level + 2) as 3 | 4 | 5 | 6} mt="md" mb="xs">
          {renderInline(block.children)}
        </Title>
      );
    case 'paragraph':
      return (
        <Text key={key} size="sm" mb="sm" style={{ lineHeight: 1.6 }}>
          {renderInline(block.children)}
        </Text>
      );
    case 'list':
      return (
        <List key={key} type={block.ordered ? 'ordered' : 'unordered'} size="sm" mb="sm" spacing={4}>
          {block.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity beyond their place in the text.
            <List.Item key={i}>{renderInline(item)}</List.Item>
          ))}
        </List>
      );
    case 'quote':
      return (
        <Blockquote key={key} p="sm" mb="sm" color="gray">
          {block.children.map((child, i) => renderBlock(child, `${key}-${i}`))}
        </Blockquote>
      );
    case 'code':
      return (
        <Code key={key} block mb="sm">
          {block.text}
        </Code>
      );
    case 'rule':
      return <Divider key={key} my="md" />;
  }
}

export function MarkdownView(props: { source: string; empty?: ReactNode }) {
  const blocks = parseMarkdown(props.source);
  if (blocks.length === 0) return <>{props.empty ?? null}</>;
  return (
    <div className="markdown" data-testid="markdown">
      {blocks.map((block, i) => renderBlock(block, `b${i}`))}
    </div>
  );
}
