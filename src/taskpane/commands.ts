/** Function file of the ribbon (manifest FunctionFile). The button only opens the pane. */
const office = (window as unknown as { Office?: { onReady(): Promise<unknown> } }).Office;
void office?.onReady();
