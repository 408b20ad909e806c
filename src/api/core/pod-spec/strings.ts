// apimachinery's string checks (ports, environment variable names, config keys, percentages,
// header names, IDs) as pod validation uses them: all from machinery's validation/names.

export { isValidIP } from '../../../machinery/validation/ip.ts';
export {
  inclusiveRangeError,
  isConfigMapKey,
  isEnvVarName,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  maxLenError,
  regexError,
} from '../../../machinery/validation/names.ts';
