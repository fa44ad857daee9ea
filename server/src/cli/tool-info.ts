/** Facts about the tool that the output formats name (SARIF's tool.driver, --version). */
import pkg from '../../../package.json';

export const TOOL_NAME = 'mmreview';
export const TOOL_VERSION: string = pkg.version;
/** Where SARIF viewers send users to learn about the tool. */
export const TOOL_INFORMATION_URI = 'https://github.com/mmreview/mmreview';
