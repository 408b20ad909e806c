// Taints and tolerations: the shared pure helpers of the API package (the controllers use them too).
export {
  findUntoleratedTaint,
  isDoNotScheduleTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
} from '../../api/core/taints.ts';
