import { describe, expect, it } from '@jest/globals';
import { brief, problemsOf, type Expected } from './fixtures.js';

/** Each invalid fixture with every problem it must report: exact line:col and a fragment of the message. */
const INVALID: [string, Expected[]][] = [
  ['invalid/empty.yml', [['1:1', 'the manifest is empty: it needs at least "version: 1" and one image under "images:"']]],
  ['invalid/comments-only.yml', [['1:1', 'the manifest is empty']]],
  ['invalid/syntax-error.yml', [['7:1', 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']]],
  ['invalid/duplicate-key.yml', [['6:5', 'key "method" appears twice in the same mapping']]],
  ['invalid/two-documents.yml', [['3:1', 'the file holds more than one YAML document']]],
  ['invalid/not-a-mapping.yml', [['1:1', 'must be a mapping, not a list']]],
  ['invalid/wrong-version.yml', [['2:10', 'version must be 1']]],
  ['invalid/missing-images.yml', [['2:1', 'missing required key "images"']]],
  ['invalid/near-miss-key.yml', [['6:5', 'unknown key "contxt"; did you mean "context"?']]],
  ['invalid/bad-method.yml', [['5:13', 'unknown value "dockerfle"; did you mean "dockerfile"? (allowed: dockerfile, buildx, kaniko, paketo, packer)']]],
  ['invalid/missing-method.yml', [['4:3', 'missing required key "method"']]],
  ['invalid/unquoted-number-tag.yml', [['6:12', 'must be a string, not a number (write "1.0" in quotes)']]],
  ['invalid/slack-channel-comment.yml', [['7:5', '# starts a comment in YAML: put the value in quotes']]],
  ['invalid/ignore-entry-typo.yml', [
    ['9:32', 'unknown key "untill"; did you mean "until"?'],
    ['10:11', '"cve-2024-3" is not valid: a vulnerability id looks like CVE-2024-12345'],
    ['11:11', 'an ignore entry is a vulnerability id such as CVE-2024-12345, or a mapping { id, until, reason }'],
  ]],
  ['invalid/bad-duration.yml', [['6:42', '"3 days" is not valid: a duration is a number and a unit']]],
  ['invalid/zero-duration.yml', [['6:42', 'the approval timeout must be longer than zero']]],
  ['invalid/path-escape.yml', [
    ['6:14', 'build context "../other-repo" leaves the repository'],
    ['10:17', 'Dockerfile "../../Dockerfile" leaves the repository: relative to the context "web" it is "../Dockerfile"'],
    ['13:17', 'Dockerfile "/etc/passwd" is an absolute path'],
  ]],
  ['invalid/unknown-placeholder.yml', [
    ['6:26', 'unknown placeholder {{shortsha}}; did you mean {{short_sha}}?'],
    ['6:42', 'tag template "{{branch" has an unmatched "{{"'],
    ['9:22', 'tag template "release {{tag}}" holds " ", which a tag cannot hold'],
  ]],
  ['invalid/bad-registry.yml', [
    ['6:15', 'has upper-case letters in its path'],
    ['9:15', 'names a tag (:latest)'],
    ['10:20', 'is a URL: write host/path/name without "https://"'],
    ['13:15', '"registry.example.com:5000" names only a registry host'],
  ]],
  ['invalid/system-role.yml', [
    ['7:3', "system-admin is a system role: system roles come from the app's configuration, not from a repository"],
    ['8:3', 'global-auditor is a system role'],
  ]],
  ['invalid/unknown-role.yml', [
    ['7:25', 'unknown role "securty-reviewer"; did you mean "security-reviewer"?'],
    ['7:50', 'unknown role "root" (roles: system-admin,'],
    ['9:3', 'unknown role "developper"; did you mean "developer"?'],
  ]],
  ['invalid/too-few-approvers.yml', [['9:22', 'min_approvals is 3 but approvers names only 2 people']]],
];

describe('invalid manifests report every problem at its exact position', () => {
  it.each(INVALID)('%s', (name, expected) => {
    const found = problemsOf(name).map(brief);
    expect(found).toHaveLength(expected.length);
    expected.forEach(([position, fragment], i) => {
      expect(found[i]).toContain(`${position} `);
      expect(found[i]).toContain(fragment);
    });
  });
});
