/** Rules the API and the dashboard share for what a browser may send them: which Host names they answer. */
package org.transferlab.protocol.web;
