/** The experiments list and the experiment page with its trial table and live learning curves. */
package org.transferlab.dashboard.experiments;
