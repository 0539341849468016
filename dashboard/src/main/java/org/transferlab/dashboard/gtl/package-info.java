/** The guided-transfer-learning view: scouts, the guide matrix per layer, guided against baseline. */
package org.transferlab.dashboard.gtl;
