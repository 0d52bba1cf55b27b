import { describe, expect, it } from 'vitest';
import { postHtmlToUpdate } from '../../src/import/post-html.js';

const OFFICIAL = [
  '<b>Title</b>: Some users can&#39;t send email',
  '<b>User impact</b>: Users may receive <i>non-delivery reports</i>.',
  '<b>More info</b>: Affected messages bounce.',
  'See <a href="https://example.com/help">the help page</a> for [details].',
  '<b>Current status</b>: We&#39;re reviewing the rule change.',
  '<b>Scope of impact</b>: Some users.',
  '<b>Start time</b>: Thursday, November 25, 2021, at 12:33 PM UTC',
  '<b>Next update by</b>: Friday, November 26, 2021, at 3:30 PM UTC',
].join('<br><br>');

describe('postHtmlToUpdate', () => {
  it('splits an official post at its labels into the update fields', () => {
    const post = postHtmlToUpdate(OFFICIAL);
    expect(post.text).toEqual({
      title: "Some users can't send email",
      impact: 'Users may receive *non-delivery reports*.',
      more_info: 'Affected messages bounce.\n\nSee [the help page](https://example.com/help) for \\[details].',
      current_status: "We're reviewing the rule change.",
      scope: 'Some users.',
    });
    expect(post.unreadTimes).toEqual([]);
  });

  it('reads labelled times as instants, including a next update on another UTC date than in Japan', () => {
    const post = postHtmlToUpdate(OFFICIAL);
    expect(post.times.start?.iso).toBe('2021-11-25T12:33:00Z');
    // 15:30 UTC on the 26th is 00:30 JST on the 27th.
    expect(post.times.next_update?.iso).toBe('2021-11-26T15:30:00Z');
  });

  it('keeps a list after a label as a Markdown list in that field', () => {
    const post = postHtmlToUpdate('<b>Next steps</b>:<ul><li>Review the tests.</li><li>Fix the <b>rule</b>.</li></ul><b>Root cause</b>: A rule change.');
    expect(post.text.next_steps).toBe('- Review the tests.\n- Fix the **rule**.');
    expect(post.text.root_cause).toBe('A rule change.');
  });

  it('puts text without a label, and the closing "final update" line, in the body', () => {
    const post = postHtmlToUpdate('We have an update.<br><br><b>Final status</b>: Fixed.<br><br><b>Next steps</b>:<ul><li>Watch it.</li></ul><p>This is the final update for the event.</p>');
    expect(post.text.final_status).toBe('Fixed.');
    expect(post.text.next_steps).toBe('- Watch it.');
    expect(post.text.body).toBe('We have an update.\n\nThis is the final update for the event.');
  });

  it('gives a title or time only its own line; what follows goes to the body', () => {
    const post = postHtmlToUpdate('<b>Title</b>: Mail is slow<br>Extra remark<br><br><b>End time</b>: Monday, November 29, 2021, at 7:01 AM UTC</p><p>Thanks for your patience.</p>');
    expect(post.text.title).toBe('Mail is slow');
    expect(post.times.end?.iso).toBe('2021-11-29T07:01:00Z');
    expect(post.text.body).toBe('Extra remark\n\nThanks for your patience.');
  });

  it('reads labels in paragraphs, with the colon inside the bold, or without bold', () => {
    const post = postHtmlToUpdate('<p><b>Title:</b> One</p><p><strong>Current status</strong> : Two</p><p>Scope of impact: Three</p>');
    expect(post.text).toEqual({ title: 'One', current_status: 'Two', scope: 'Three' });
  });

  it('does not take bold words inside a sentence for labels', () => {
    const post = postHtmlToUpdate('<b>Current status</b>: We changed the <b>Title</b>: nothing else.');
    expect(post.text).toEqual({ current_status: "We changed the **Title**: nothing else." });
  });

  it('joins a repeated label and keeps a time it cannot read in the body', () => {
    const post = postHtmlToUpdate('<b>More info</b>: One.<br><br><b>More info</b>: Two.<br><br><b>Next update by</b>: soon');
    expect(post.text.more_info).toBe('One.\n\nTwo.');
    expect(post.text.body).toBe('**Next update by**: soon');
    expect(post.unreadTimes).toEqual([expect.objectContaining({ label: 'Next update by', text: 'soon', rule: 'time-format' })]);
  });

  it('reads a plain-text post line by line; a labelled field runs on until the next label', () => {
    const post = postHtmlToUpdate('We are on it.\n\nTitle: Delays\nUser impact: Mail is late.\n\nSome mail may bounce.', { contentType: 'text' });
    expect(post.text).toEqual({ title: 'Delays', impact: 'Mail is late.\n\nSome mail may bounce.', body: 'We are on it.' });
  });

  it('never lets post text become HTML in the Markdown', () => {
    const post = postHtmlToUpdate('<b>Current status</b>: &lt;script&gt;alert(1)&lt;/script&gt; and <script>alert(2)</script> done');
    // The script element is dropped; the escaped text stays text (`\\<` in Markdown).
    expect(post.text.current_status).toBe('\\<script>alert(1)\\</script> and done');
    expect(post.text.current_status).not.toMatch(/(^|[^\\])<script/u);
  });
});

describe('postHtmlToUpdate on real exports', () => {
  it('removes Markdown hard-break backslashes at line ends, single or doubled', () => {
    const post = postHtmlToUpdate('<b>Title</b>: Users cannot sign in\\<br><b>User impact</b>: Users may see errors.\\\\<br><br><b>Current status</b>: Fixing.\\\\\n');
    expect(post.text).toEqual({ title: 'Users cannot sign in', impact: 'Users may see errors.', current_status: 'Fixing.' });
  });

  it('turns line-start "- " and "・" sequences into real Markdown lists', () => {
    const post = postHtmlToUpdate('<b>Next steps</b>:<br>- Review the logs.<br>- Deploy the fix.<br><br><b>Current status</b>: We are:<br>・checking<br>・testing<br>Then we report.');
    expect(post.text.next_steps).toBe('- Review the logs.\n- Deploy the fix.');
    expect(post.text.current_status).toBe('We are:\n\n- checking\n- testing\n\nThen we report.');
  });

  it('never turns the content of script or style elements into text', () => {
    const post = postHtmlToUpdate('<b>Title</b>: A<script>alert("x")</script><style>p { color: red }</style><br><br><b>More info</b>: B<noscript>hidden</noscript><template>tpl</template>');
    expect(post.text).toEqual({ title: 'A', more_info: 'B' });
  });

  it('imports deeply nested HTML as plain text without overflowing the stack, and says so', () => {
    const started = Date.now();
    for (const html of ['<div>'.repeat(5000) + '<b>Title</b>: deep' + '</div>'.repeat(5000), '<b>'.repeat(20000) + 'bold', '<ul><li>'.repeat(3000) + 'item']) {
      const post = postHtmlToUpdate(html);
      expect(post.flattened).toBe(true);
      expect(Object.values(post.text).join(' ')).toMatch(/deep|bold|item/u);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(postHtmlToUpdate('<div><b>Title</b>: shallow</div>').flattened).toBeUndefined();
  });
});
